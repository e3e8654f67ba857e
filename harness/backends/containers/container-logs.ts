// Reading a container's whole output at once, for error reports and StartedServer.logs().

import type Dockerode from "dockerode";

/**
 * Returns stdout and stderr of the container so far, interleaved as written. Without a TTY the
 * engine frames each chunk with an 8-byte header: stream type, 3 zero bytes, big-endian length.
 */
export async function readContainerLogs(dockerode: Dockerode, containerId: string): Promise<string> {
  const framed = (await dockerode.getContainer(containerId).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;

  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= framed.length) {
    const length = framed.readUInt32BE(offset + 4);
    chunks.push(framed.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(chunks).toString("utf8");
}
