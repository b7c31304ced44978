package io.ringcache.ring;

/**
 * Every token's preference list, computed once per snapshot so that a lookup is a binary search and
 * a copy: walking clockwise from the token, the owners of the following tokens, distinct, taking
 * members of zones not yet used first and then any member not yet used.
 */
final class PreferenceLists {

    private final int width;
    private final int[] lists;

    PreferenceLists(TokenTable table, int[] zoneOfMember, int zoneCount, int replicationFactor, int members) {
        this.width = Math.min(replicationFactor, members);
        int size = table.size();
        this.lists = new int[size * width];
        int[] owners = table.owners();
        int zoneTarget = Math.min(width, zoneCount);
        for (int i = 0; i < size; i++) {
            int base = i * width;
            int filled = 0;
            for (int step = 0; step < size && filled < zoneTarget; step++) {
                int owner = owners[(i + step) % size];
                if (!contains(base, filled, owner) && !zoneUsed(base, filled, zoneOfMember, zoneOfMember[owner])) {
                    lists[base + filled++] = owner;
                }
            }
            for (int step = 0; step < size && filled < width; step++) {
                int owner = owners[(i + step) % size];
                if (!contains(base, filled, owner)) {
                    lists[base + filled++] = owner;
                }
            }
        }
    }

    int width() {
        return width;
    }

    /** Copies token {@code index}'s list into {@code out}; returns how many it copied. */
    int copy(int index, int[] out) {
        int n = Math.min(width, out.length);
        int base = index * width;
        for (int k = 0; k < n; k++) { // a loop beats arraycopy's call for two or three ints
            out[k] = lists[base + k];
        }
        return n;
    }

    /** Copies entries {@code from..to-1} of token {@code index}'s list into the same places of {@code out}. */
    void copyTail(int index, int[] out, int from, int to) {
        int base = index * width;
        for (int k = from; k < to; k++) {
            out[k] = lists[base + k];
        }
    }

    int primary(int index) {
        return lists[index * width];
    }

    private boolean contains(int base, int filled, int member) {
        for (int k = 0; k < filled; k++) {
            if (lists[base + k] == member) {
                return true;
            }
        }
        return false;
    }

    private boolean zoneUsed(int base, int filled, int[] zoneOfMember, int zone) {
        for (int k = 0; k < filled; k++) {
            if (zoneOfMember[lists[base + k]] == zone) {
                return true;
            }
        }
        return false;
    }
}
