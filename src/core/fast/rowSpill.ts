// A streamed training's featurised rows, kept on disk between epochs: the first epoch writes each training
// row as it featurises it (its dictionary rows, label and pooling scale), and the later epochs read them back
// instead of parsing and featurising the CSV again — on the 74,544-row Chinese file that was most of each
// epoch. On disk rather than in memory so the memory stays bounded: the file is read sequentially through one
// buffer (the operating system's cache holds it, not the process). In a folder of our own, removed at once
// (the open file unlinked) or at the end; when it cannot be written (no space, no temp folder) the training streams the CSV every epoch as before.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Bytes buffered per write and per read. */
const CHUNK = 4 << 20;
/** Per row: feature count, label, pooling scale (float32), then the rows. */
const HEADER_INTS = 3;

/** Receives one spilled row: rows[0..count), its label and scale (a view of the read buffer, valid during the call). */
export type SpilledRowVisitor = (rows: Int32Array, count: number, y: number, scale: number) => void;

export class RowSpill {
  private buffer = new ArrayBuffer(CHUNK);
  private ints = new Int32Array(this.buffer);
  private floats = new Float32Array(this.buffer);
  /** Ints buffered, not yet written. */
  private used = 0;
  private written = 0;
  private closed = false;

  private constructor(
    /** The folder, until it is removed (at once where an open file can be unlinked: POSIX). */
    private dir: string | undefined,
    private readonly fd: number,
    /** Bytes the spill may take: past it, write() gives up. */
    private readonly maxBytes: number,
  ) {}

  /**
   * A spill file in a new folder of ours under the system's temp folder, or undefined when there is none, or
   * less free space there than twice `expectedBytes`.
   */
  static create(expectedBytes: number): RowSpill | undefined {
    let dir: string | undefined;
    try {
      const free = freeBytes(os.tmpdir());
      if (free !== undefined && free < 2 * expectedBytes) return undefined;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-rows-'));
      const file = path.join(dir, 'rows.bin');
      const fd = fs.openSync(file, 'wx+');
      // Unlinked while open, the file lives as long as the descriptor: a process killed mid-training leaves
      // nothing behind. Windows refuses; there dispose() removes it.
      let kept: string | undefined = dir;
      try {
        fs.unlinkSync(file);
        fs.rmdirSync(dir);
        kept = undefined;
      } catch {
        // removed by dispose()
      }
      return new RowSpill(kept, fd, Math.max(expectedBytes * 2, 1 << 20));
    } catch {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
  }

  /** Appends a row (a Uint32Array's values kept bit for bit); false (and nothing more is written) once the spill failed or outgrew its size. */
  write(rows: Int32Array | Uint32Array, count: number, y: number, scale: number): boolean {
    if (this.closed) return false;
    try {
      if (this.used + HEADER_INTS + count > this.ints.length) {
        this.flush();
        if (HEADER_INTS + count > this.ints.length) this.grow(HEADER_INTS + count);
      }
      const at = this.used;
      this.ints[at] = count;
      this.ints[at + 1] = y;
      this.floats[at + 2] = scale;
      this.ints.set(rows.subarray(0, count), at + HEADER_INTS);
      this.used += HEADER_INTS + count;
      return true;
    } catch {
      this.closed = true;
      return false;
    }
  }

  /** Writes what is buffered: the spill is complete, and can be replayed. False when it failed. */
  finish(): boolean {
    if (this.closed) return false;
    try {
      this.flush();
      return true;
    } catch {
      this.closed = true;
      return false;
    }
  }

  /**
   * Reads every row back in the order written, `perChunk` called after each chunk (cancel checks, progress,
   * yielding): one buffer, whatever the file's size.
   */
  async replay(visit: SpilledRowVisitor, perChunk: () => Promise<void>): Promise<void> {
    let carried = 0;
    let position = 0;
    for (;;) {
      const read = fs.readSync(this.fd, new Uint8Array(this.buffer, carried * 4), { position });
      // Whole ints only (a short read's odd bytes are read again with the next chunk).
      const bytes = read - (read % 4);
      position += bytes;
      const ints = carried + bytes / 4;
      let at = 0;
      while (at + HEADER_INTS <= ints) {
        const count = this.ints[at];
        if (at + HEADER_INTS + count > ints) break;
        visit(this.ints.subarray(at + HEADER_INTS, at + HEADER_INTS + count), count, this.ints[at + 1], this.floats[at + 2]);
        at += HEADER_INTS + count;
      }
      carried = ints - at;
      if (bytes === 0) {
        if (carried !== 0) throw new Error(`the spilled rows end in the middle of a row (${carried} ints left)`);
        return;
      }
      this.ints.copyWithin(0, at, ints);
      // A row longer than what the buffer can take after the carried part: grow it.
      if (carried === this.ints.length) this.grow(this.ints.length * 2, carried);
      await perChunk();
    }
  }

  /** Closes and removes the spill and its folder (ours only). */
  dispose(): void {
    this.closed = true;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private flush(): void {
    if (this.used === 0) return;
    const bytes = this.used * 4;
    if (this.written + bytes > this.maxBytes) throw new RangeError('spill larger than planned');
    let done = 0;
    while (done < bytes) done += fs.writeSync(this.fd, new Uint8Array(this.buffer, done, bytes - done), null, null);
    this.written += bytes;
    this.used = 0;
  }

  private grow(ints: number, keep = 0): void {
    const buffer = new ArrayBuffer(Math.max(ints, this.ints.length) * 4);
    new Int32Array(buffer).set(this.ints.subarray(0, keep));
    this.buffer = buffer;
    this.ints = new Int32Array(buffer);
    this.floats = new Float32Array(buffer);
  }
}

/** Free bytes for an unprivileged user on the file system of `dir`, or undefined when it cannot be told. */
function freeBytes(dir: string): number | undefined {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}
