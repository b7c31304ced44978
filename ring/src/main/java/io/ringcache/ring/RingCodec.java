package io.ringcache.ring;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ring's binary form, version 2, big-endian. The version names the key hash as well as the
 * layout, because both decide placement: version 1 rings hashed keys with XXH64, version 2 rings
 * with XXH3, so a process that knows only one of them rejects the other instead of misplacing keys.
 *
 * <pre>
 *   "RG" u8 version=2
 *   u8 mode (0 balanced, 1 ketama libmemcached, 2 ketama spymemcached)  u8 replication factor  u16 vnodes
 *   u64 epoch
 *   u32 member count, then per member: u8 id length, id (UTF-8), u16 weight, u8 zone length, zone (UTF-8)
 *   u32 token count, then per token: u64 position, u32 owner (member index)    [balanced mode only;
 *                                     a ketama ring is a function of its members, so it has count 0]
 * </pre>
 *
 * Decoding checks everything (sizes, ranges, sorted distinct tokens, every member owning a token, no
 * trailing bytes) and rejects anything else with an {@link IllegalArgumentException}.
 */
final class RingCodec {

    private static final byte[] MAGIC = {'R', 'G'};
    private static final int VERSION = 2;
    private static final RingParameters.Mode[] MODES = RingParameters.Mode.values();

    private RingCodec() {
    }

    static byte[] encode(Ring ring) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + ring.tokenCount() * 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            RingParameters p = ring.parameters();
            out.writeByte(p.mode().ordinal());
            out.writeByte(p.replicationFactor());
            out.writeShort(p.vnodes());
            out.writeLong(ring.epoch());
            out.writeInt(ring.members().size());
            for (Member m : ring.members()) {
                writeString(out, m.nodeId());
                out.writeShort(m.weight());
                writeString(out, m.zone());
            }
            boolean balanced = p.mode() == RingParameters.Mode.BALANCED;
            TokenTable table = ring.table();
            out.writeInt(balanced ? table.size() : 0);
            if (balanced) {
                for (int i = 0; i < table.size(); i++) {
                    out.writeLong(table.tokens()[i]);
                    out.writeInt(table.owners()[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Ring decode(byte[] encoded) {
        try {
            return read(ByteBuffer.wrap(encoded));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("ring encoding is truncated", e);
        }
    }

    private static Ring read(ByteBuffer in) {
        if (in.remaining() < 3 || in.get() != MAGIC[0] || in.get() != MAGIC[1]) {
            throw new IllegalArgumentException("not a ring encoding (bad magic)");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported ring encoding version " + version);
        }
        int mode = in.get() & 0xFF;
        if (mode >= MODES.length) {
            throw new IllegalArgumentException("unknown ring mode " + mode);
        }
        RingParameters parameters = new RingParameters(in.get() & 0xFF, in.getShort() & 0xFFFF, MODES[mode]);
        long epoch = in.getLong();
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
        int memberCount = in.getInt();
        if (memberCount < 0 || memberCount > in.remaining() / 5) {
            throw new IllegalArgumentException("bad member count " + memberCount);
        }
        List<Member> members = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            String id = readString(in);
            int weight = in.getShort() & 0xFFFF;
            members.add(new Member(id, weight, readString(in)));
        }
        int tokenCount = in.getInt();
        boolean balanced = parameters.mode() == RingParameters.Mode.BALANCED;
        if (tokenCount < 0 || tokenCount > in.remaining() / 12 || (!balanced && tokenCount != 0)) {
            throw new IllegalArgumentException("bad token count " + tokenCount);
        }
        TokenTable table;
        if (balanced) {
            table = readTokens(in, tokenCount, memberCount);
        } else {
            table = KetamaPoints.build(members, parameters.mode());
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the ring encoding");
        }
        return new Ring(parameters, epoch, members, table);
    }

    private static TokenTable readTokens(ByteBuffer in, int count, int memberCount) {
        if ((count == 0) != (memberCount == 0)) {
            throw new IllegalArgumentException(count + " tokens for " + memberCount + " members");
        }
        long[] tokens = new long[count];
        int[] owners = new int[count];
        boolean[] owns = new boolean[memberCount];
        for (int i = 0; i < count; i++) {
            tokens[i] = in.getLong();
            owners[i] = in.getInt();
            if (owners[i] < 0 || owners[i] >= memberCount) {
                throw new IllegalArgumentException("token " + i + " has owner " + owners[i] + " of " + memberCount);
            }
            if (i > 0 && Long.compareUnsigned(tokens[i - 1], tokens[i]) >= 0) {
                throw new IllegalArgumentException("tokens not sorted and distinct at " + i);
            }
            owns[owners[i]] = true;
        }
        for (int m = 0; m < memberCount; m++) {
            if (!owns[m]) {
                throw new IllegalArgumentException("member " + m + " owns no token");
            }
        }
        return new TokenTable(tokens, owners);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) {
        int length = in.get() & 0xFF;
        byte[] b = new byte[length];
        in.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a node id or zone is not UTF-8", e);
        }
    }
}
