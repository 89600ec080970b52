import { MAX_IMPORT_BYTES, readUpTo, sizeProblem, typeProblem } from "../../lib/team/import";
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
  // One collator for every comparison: `localeCompare` sets one up each time (the same order).
  const collator = new Intl.Collator();
  return files
    .map((file) => ({ name: file.webkitRelativePath || file.name, file }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Files whose reading is started in one task, before the page may paint and answer input again:
 * each start costs the page's thread a moment, more while the browser is busy with the worker's
 * writes; 200 per task made tasks of 100 to 250 ms there, 40 keep them short (issue 16).
 */
const FILES_PER_TASK = 40;

/** Lets the page paint and answer input before the next files. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Reads files for the worker (issue 16). Handing the worker `File` objects costs the page a copy of
 * each (5 s of one task for 10,000 files); their bytes, read here, are handed over without a copy.
 * Asking a picked file for its `size` (or slicing it) is a synchronous trip to the disk through
 * the browser, 0.2 to 1 ms each while the worker writes: 10 s of the page's thread for 10,000
 * files. So a file's size is never asked: its bytes are streamed, which starts without waiting,
 * and the stream is cancelled as soon as it passes the size limit, so an oversized file is never
 * held in memory. A file that is not JSON is never read.
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
  const problem = typeProblem(file.name, file.type);
  if (problem) return { name, sizeBytes: 0, problem, bytes: null };
  try {
    const bytes = await readUpTo(file, MAX_IMPORT_BYTES);
    if (bytes === null) return { name, sizeBytes: MAX_IMPORT_BYTES + 1, problem: sizeProblem(Infinity), bytes: null };
    const empty = sizeProblem(bytes.byteLength);
    if (empty) return { name, sizeBytes: 0, problem: empty, bytes: null };
    return { name, sizeBytes: bytes.byteLength, problem: null, bytes };
  } catch {
    return { name, sizeBytes: 0, problem: "could not be read", bytes: null };
  }
}
