// A minimal writer of POSIX ustar archives: regular files, directories and symbolic links,
// enough for a root file system that `docker import` reads. Owners are root, and every
// modification time is 0, so equal inputs give equal archives.

const BLOCK = 512;

export type TarEntry =
  | { type: "file"; path: string; mode: number; content: Buffer }
  | { type: "directory"; path: string; mode: number }
  | { type: "symlink"; path: string; target: string };

/** Builds the archive in memory; entries are written in the order given. */
export function createTarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];

  for (const entry of entries) {
    parts.push(header(entry));
    if (entry.type === "file") {
      parts.push(entry.content, Buffer.alloc(padding(entry.content.length)));
    }
  }

  // An archive ends with two zero blocks.
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function header(entry: TarEntry): Buffer {
  const block = Buffer.alloc(BLOCK);
  const relativePath = entry.path.replace(/^\/+/, "") + (entry.type === "directory" ? "/" : "");
  const { name, prefix } = splitPath(relativePath);

  block.write(name, 0, 100, "utf8");
  writeOctal(block, 100, 8, entry.type === "symlink" ? 0o777 : entry.mode);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, entry.type === "file" ? entry.content.length : 0);
  writeOctal(block, 136, 12, 0);
  block.write({ file: "0", directory: "5", symlink: "2" }[entry.type], 156, 1, "ascii");
  if (entry.type === "symlink") {
    if (Buffer.byteLength(entry.target) > 100) {
      throw new Error(`symbolic link target "${entry.target}" is longer than ustar's 100 bytes.`);
    }
    block.write(entry.target, 157, 100, "utf8");
  }
  block.write("ustar\0", 257, 6, "ascii");
  block.write("00", 263, 2, "ascii");
  block.write("root", 265, 32, "ascii");
  block.write("root", 297, 32, "ascii");
  block.write(prefix, 345, 155, "utf8");

  // The checksum is the byte sum of the header with its own field read as spaces.
  block.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of block) {
    sum += byte;
  }
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");

  return block;
}

/** Splits a path into ustar's `prefix` (up to 155 bytes) and `name` (up to 100 bytes) at a slash. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) {
    return { name: path, prefix: "" };
  }

  for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
    const prefix = path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== "") {
      return { name, prefix };
    }
  }
  throw new Error(`path "${path}" does not fit ustar's 155-byte prefix plus 100-byte name.`);
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\0`, offset, length, "ascii");
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
