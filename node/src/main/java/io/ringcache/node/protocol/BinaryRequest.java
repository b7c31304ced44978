package io.ringcache.node.protocol;

/**
 * A binary-protocol request: the typed command it means, and the framing its answer must carry
 * (memcached's binary protocol answers with the request's opcode and opaque, and quiet opcodes
 * answer only what the client cannot do without).
 *
 * @param command the same typed command the text protocol decodes to
 * @param opcode the request's opcode, quiet forms included ({@link BinaryOpcodes})
 * @param opaque echoed in the answer
 */
public record BinaryRequest(Command command, int opcode, int opaque) {

    /** Whether the opcode is a quiet form: success is not answered (a get's miss is not either). */
    public boolean quiet() {
        return BinaryOpcodes.isQuiet(opcode);
    }

    /** GETK, GETKQ, GATK, GATKQ: a hit (and a miss) answers with the key. */
    public boolean returnsKey() {
        return opcode == BinaryOpcodes.GETK || opcode == BinaryOpcodes.GETKQ
                || opcode == BinaryOpcodes.GATK || opcode == BinaryOpcodes.GATKQ;
    }
}
