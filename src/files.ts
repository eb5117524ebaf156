// Files flopscope writes (a baseline, an ONNX export) are written whole or not at all: to a
// temporary file in the same folder, flushed, then renamed over the target (write-file-atomic).
// A concurrent reader sees the old file or the new one, never half of one; a failed write leaves
// the old file as it was and no temporary file behind.
import writeFileAtomic from 'write-file-atomic';

export function writeFileWhole(file: string, data: string | Uint8Array): void {
  writeFileAtomic.sync(file, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

export async function writeFileWholeAsync(file: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomic(file, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
