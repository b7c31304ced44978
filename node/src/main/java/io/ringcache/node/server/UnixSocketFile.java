package io.ringcache.node.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The file of a unix domain socket, handled as memcached handles it for {@code -s} and {@code -a}. */
final class UnixSocketFile {

    /** st_mode's file-type bits, and the value that means a socket (S_IFMT, S_IFSOCK). */
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;
    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private UnixSocketFile() {
    }

    /**
     * Makes room to bind {@code path}: a socket file left there by an earlier process is removed (it
     * would make the bind fail); any other file is not ours to delete, and is an error.
     */
    static void clear(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & TYPE_MASK) != SOCKET_TYPE) {
                throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a socket");
            }
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on unix socket " + path, e);
        }
    }

    /** Gives the bound socket file exactly the permission bits of {@code accessMask} (e.g. 0700). */
    static void restrict(Path path, int accessMask) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((accessMask & (1 << bit)) != 0) {
                permissions.add(BY_BIT[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of unix socket " + path, e);
        }
    }
}
