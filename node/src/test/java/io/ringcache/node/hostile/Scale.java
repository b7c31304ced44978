package io.ringcache.node.hostile;

/**
 * How hard the attacks hit. CI runs a smaller version of each ({@link #CI}); the sizes run
 * outside CI with {@code -Dhostile.scale=full} (node/README.md gives the command).
 *
 * @param slowReaderGets gets of a 100 KB value one connection pipelines without reading
 * @param repetitions    times each attack is repeated against the same server (its failure depended on timing)
 * @param servedWhileHeld answers another client must get while the slow reader holds its connection
 * @param multiGetValues values of 500 KB named in one get (2,000 is 1 GB)
 * @param distinctKeys   distinct 500 KB keys those values cycle through in the distinct-keys case
 * @param pipelinedMultiGets such multi-gets (of the distinct keys) one connection pipelines without reading
 * @param watches        rc_topology watch commands one connection sends without reading
 * @param noreplySets    noreply sets of one burst
 * @param connLimit      every server's {@code -c}
 * @param idleConnections idle connections opened against each server (more than {@code connLimit})
 */
record Scale(int slowReaderGets, int repetitions, int servedWhileHeld, int multiGetValues, int distinctKeys,
        int pipelinedMultiGets, int watches, int noreplySets, int connLimit, int idleConnections) {

    static final Scale CI = new Scale(20_000, 2, 2, 200, 20, 20, 20_000, 30_000, 64, 80);
    static final Scale FULL = new Scale(200_000, 5, 20, 2_000, 60, 100, 100_000, 1_000_000, 1024, 1_100);

    static Scale current() {
        return "full".equals(System.getProperty("hostile.scale")) ? FULL : CI;
    }
}
