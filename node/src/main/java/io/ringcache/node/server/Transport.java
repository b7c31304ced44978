package io.ringcache.node.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the node's event loops talk to the kernel. {@link #AUTO} takes the fastest one this machine
 * allows (io_uring, then epoll, then NIO: a container may forbid io_uring, another OS has neither);
 * naming one that is not available is an error, not a silent fallback.
 */
public enum Transport {
    AUTO, IO_URING, EPOLL, NIO;

    /** The concrete transport to use for {@code this}; throws when a named one is unavailable. */
    public Transport resolve() {
        return switch (this) {
            case AUTO -> IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
            case IO_URING -> require(IoUring.isAvailable(), IoUring.unavailabilityCause());
            case EPOLL -> require(Epoll.isAvailable(), Epoll.unavailabilityCause());
            case NIO -> NIO;
        };
    }

    private Transport require(boolean available, Throwable cause) {
        if (!available) {
            throw new IllegalStateException("transport " + cliName() + " is not available here: " + cause, cause);
        }
        return this;
    }

    IoHandlerFactory ioHandlerFactory() {
        return switch (resolve()) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    Class<? extends ServerChannel> serverChannel() {
        return switch (resolve()) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /** The listening channel for unix domain sockets on this transport. */
    Class<? extends ServerChannel> serverDomainChannel() {
        return switch (resolve()) {
            case IO_URING -> IoUringServerDomainSocketChannel.class;
            case EPOLL -> EpollServerDomainSocketChannel.class;
            default -> NioServerDomainSocketChannel.class;
        };
    }

    /** A unix socket address in the form this transport binds (Netty's native one, or the JDK's for NIO). */
    SocketAddress domainAddress(Path path) {
        return resolve() == NIO ? UnixDomainSocketAddress.of(path) : new DomainSocketAddress(path.toFile());
    }

    /** As the command line spells it: auto, io_uring, epoll, nio. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        for (Transport t : values()) {
            if (t.cliName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("transport must be auto, io_uring, epoll or nio, was " + text);
    }
}
