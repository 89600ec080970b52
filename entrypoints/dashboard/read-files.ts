import { sizeProblem, typeProblem } from "../../lib/team/import";
import type { FileBytes } from "../../lib/team/worker-protocol";

/** Every file in a dropped folder (or the dropped files themselves). */
export async function droppedFiles(items: DataTransferItemList): Promise<File[]> {
  const entries = [...items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

/** Files as the worker imports them: in name order, so the same folder always imports the same way. */
export function inImportOrder(files: readonly File[]): { name: string; file: File }[] {
  return files
    .map((file) => ({ name: file.webkitRelativePath || file.name, file }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Files whose reading is started in one task: each costs the page a moment of its thread (its size is asked of the disk). */
const FILES_PER_TASK = 40;

/** Lets the page paint and answer input before the next files. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Reads files for the worker. Handing the worker `File` objects costs the page a copy of each
 * (5 s of one task for 10,000 files); their bytes, read here asynchronously, are handed over
 * without a copy. Reads start a few files per task, so the page stays responsive. A file that is
 * not JSON or too large is never read.
 */
export async function readForImport(files: readonly { name: string; file: File }[]): Promise<FileBytes[]> {
  const reads: Promise<FileBytes>[] = [];
  for (let from = 0; from < files.length; from += FILES_PER_TASK) {
    if (from > 0) await nextTask();
    for (const { name, file } of files.slice(from, from + FILES_PER_TASK)) reads.push(readOne(name, file));
  }
  return Promise.all(reads);
}

async function readOne(name: string, file: File): Promise<FileBytes> {
  const problem = typeProblem(file.name, file.type) ?? sizeProblem(file.size);
  if (problem) return { name, sizeBytes: file.size, problem, bytes: null };
  try {
    return { name, sizeBytes: file.size, problem: null, bytes: await file.arrayBuffer() };
  } catch {
    return { name, sizeBytes: file.size, problem: "could not be read", bytes: null };
  }
}
