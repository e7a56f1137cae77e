/**
 * Environment variables the language server process is started with, on top of the spawner's own: by the extension,
 * and by the protocol tests and the bench, so that they measure the process that ships.
 *
 * `MALLOC_MMAP_THRESHOLD_` (glibc; ignored elsewhere): by default glibc raises its mmap threshold to the largest
 * block freed so far (up to 32 MB; the grammars' wasm bytes are 1.4 MB each), so later blocks below that size come
 * from per-thread arenas that keep their freed pages. The server's workers, V8's compiler threads and the file reads
 * left ~45 MB resident that way at the end of a 10,000-file cold index (server/bench/README.md, "Peak RSS"). Fixed at
 * glibc's own default of 128 kB, large blocks are mapped and unmapped whole; the cold index's CPU time is unchanged.
 */
export const serverProcessEnvironment: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
};
