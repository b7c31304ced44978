package io.ringcache.ring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable ring snapshot: an epoch, the members in ring order, their tokens, and every token's
 * preference list. It maps keys to member indexes (and so to node ids), never to connections or
 * health. A new version comes from {@link #join} or {@link #leave}, each one epoch later; the same
 * history gives the same ring in every process, byte for byte ({@link #encode()}, {@link #fingerprint()}).
 *
 * <pre>
 *   Ring ring = Ring.empty(RingParameters.defaults()).join(Member.of("a")).join(Member.of("b"));
 *   int[] owners = new int[ring.replicationFactor()];
 *   int n = ring.preferenceList(key, 0, key.length, owners);   // owners[0] is the primary
 *   String primary = ring.members().get(owners[0]).nodeId();
 * </pre>
 *
 * Lookups allocate nothing and are safe from any thread.
 */
public final class Ring {

    private final RingParameters parameters;
    private final long epoch;
    private final List<Member> members;
    private final TokenTable table;
    private final PreferenceLists lists;
    private final LookupTable lookup;
    private final Map<String, Integer> indexById;

    Ring(RingParameters parameters, long epoch, List<Member> members, TokenTable table) {
        this.parameters = parameters;
        this.epoch = epoch;
        this.members = List.copyOf(members);
        this.table = table;
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> zones = new HashMap<>();
        int[] zoneOfMember = new int[members.size()];
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            if (byId.put(m.nodeId(), i) != null) {
                throw new IllegalArgumentException("duplicate node id " + m.nodeId());
            }
            zoneOfMember[i] = zones.computeIfAbsent(m.zone(), z -> zones.size());
        }
        this.indexById = Collections.unmodifiableMap(byId);
        this.lists = new PreferenceLists(table, zoneOfMember, zones.size(), parameters.replicationFactor(), members.size());
        this.lookup = new LookupTable(table, lists);
    }

    /** A ring with no members at epoch 0. */
    public static Ring empty(RingParameters parameters) {
        return new Ring(Objects.requireNonNull(parameters, "parameters"), 0, List.of(), TokenTable.EMPTY);
    }

    /** The ring at the next epoch with {@code member} added. */
    public Ring join(Member member) {
        Objects.requireNonNull(member, "member");
        if (indexById.containsKey(member.nodeId())) {
            throw new IllegalArgumentException(member.nodeId() + " is already a member at epoch " + epoch);
        }
        List<Member> next = new ArrayList<>(members);
        next.add(member);
        TokenTable nextTable = parameters.mode() == RingParameters.Mode.BALANCED
                ? BalancedPlacement.join(table, weights(), member.weight(), parameters.vnodes(), seedOf(member))
                : KetamaPoints.build(next, parameters.mode());
        return new Ring(parameters, epoch + 1, next, nextTable);
    }

    /** The ring at the next epoch without {@code nodeId}. */
    public Ring leave(String nodeId) {
        int index = indexOf(nodeId);
        if (index < 0) {
            throw new IllegalArgumentException(nodeId + " is not a member at epoch " + epoch);
        }
        List<Member> next = new ArrayList<>(members);
        next.remove(index);
        TokenTable nextTable = parameters.mode() == RingParameters.Mode.BALANCED
                ? BalancedPlacement.leave(table, weights(), index, parameters.replicationFactor())
                : KetamaPoints.build(next, parameters.mode());
        return new Ring(parameters, epoch + 1, next, nextTable);
    }

    public long epoch() {
        return epoch;
    }

    public RingParameters parameters() {
        return parameters;
    }

    public int replicationFactor() {
        return parameters.replicationFactor();
    }

    /** Members in ring order: the indexes that preference lists hold. */
    public List<Member> members() {
        return members;
    }

    public List<String> memberIds() {
        return members.stream().map(Member::nodeId).toList();
    }

    /** The member's index, or -1. */
    public int indexOf(String nodeId) {
        Integer i = indexById.get(nodeId);
        return i == null ? -1 : i;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The key's position on this ring: XXH3-64 in the balanced mode, ketama's MD5 word otherwise. */
    public long position(byte[] key, int off, int len) {
        return parameters.mode() == RingParameters.Mode.BALANCED
                ? KeyHash.hash(key, off, len)
                : KetamaHash.keyHash(key, off, len);
    }

    /**
     * Fills {@code out} with the member indexes of the key's primary and then further distinct
     * members; returns how many (the smaller of {@code out.length}, the replication factor and the
     * member count; 0 for an empty ring).
     */
    public int preferenceList(byte[] key, int off, int len, int[] out) {
        if (members.isEmpty()) {
            return 0;
        }
        return preferenceListOfHash(position(key, off, len), out);
    }

    /** As {@link #preferenceList(byte[], int, int, int[])} for a position already computed. */
    public int preferenceListOfHash(long position, int[] out) {
        if (members.isEmpty()) {
            return 0;
        }
        return lookup.preferenceList(position, out);
    }

    /** The primary's member index, or -1 for an empty ring. */
    public int primary(byte[] key, int off, int len) {
        if (members.isEmpty()) {
            return -1;
        }
        return lookup.primary(position(key, off, len));
    }

    public int primaryOfHash(long position) {
        return members.isEmpty() ? -1 : lookup.primary(position);
    }

    /** Each member's exact share of the circle (0..1), in member order. */
    public double[] shares() {
        long[] loads = BalancedPlacement.loads(table, members.size());
        double circle = 0x1p62;
        double[] shares = new double[loads.length];
        for (int i = 0; i < loads.length; i++) {
            shares[i] = loads[i] / circle;
        }
        return shares;
    }

    /** Number of tokens (or ketama points). */
    public int tokenCount() {
        return table.size();
    }

    TokenTable table() {
        return table;
    }

    /** The versioned binary form; {@link #decode} of it gives a ring that encodes identically. */
    public byte[] encode() {
        return RingCodec.encode(this);
    }

    public static Ring decode(byte[] bytes) {
        return RingCodec.decode(bytes);
    }

    /** 16 hex digits of XXH3-64 over {@link #encode()}: equal rings, equal fingerprints. */
    public String fingerprint() {
        return String.format("%016x", KeyHash.hash(encode()));
    }

    @Override
    public String toString() {
        return "Ring{epoch=" + epoch + ", members=" + memberIds() + ", tokens=" + table.size() + ", " + parameters + "}";
    }

    private int[] weights() {
        int[] w = new int[members.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = members.get(i).weight();
        }
        return w;
    }

    /** Where a first member's evenly spaced tokens start: derived from its id, so stable. */
    private static long seedOf(Member member) {
        return KeyHash.hash(member.nodeId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
