import type { HolderDatabase, HolderRole } from "../db/holder-database";

/**
 * The folder a key holder chose once for protected sharing's hand-off files (issue 13), for
 * example the team's synced drive: File System Access (`showDirectoryPicker`). The browser asks
 * again for permission after a restart; that prompt is normal and needs a click.
 */

/** What the page keeps of a chosen folder: the browser's handle (stored in IndexedDB as it is). */
export type HandOffFolder = FileSystemDirectoryHandle;

type PermissionMode = { mode: "read" | "readwrite" };
type WithPermissions = FileSystemDirectoryHandle & {
  queryPermission?: (options: PermissionMode) => Promise<PermissionState>;
  requestPermission?: (options: PermissionMode) => Promise<PermissionState>;
  values?: () => AsyncIterable<FileSystemHandle>;
};
type WithPicker = typeof globalThis & {
  showDirectoryPicker?: (options: { id?: string; mode: "readwrite" }) => Promise<FileSystemDirectoryHandle>;
};

/** Whether this browser can choose a folder (Chromium-based browsers can; Firefox cannot). */
export function canChooseFolder(): boolean {
  return typeof (globalThis as WithPicker).showDirectoryPicker === "function";
}

/** Lets the person choose a folder; null if they cancelled. Must be called from a click. */
export async function chooseFolder(id: string): Promise<HandOffFolder | null> {
  const picker = (globalThis as WithPicker).showDirectoryPicker;
  if (!picker) return null;
  try {
    return await picker({ id, mode: "readwrite" });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") return null;
    throw error;
  }
}

/** Whether the page may read and write the folder now, asking if needed (from a click). */
export async function folderAccess(folder: HandOffFolder): Promise<boolean> {
  const handle = folder as WithPermissions;
  const mode: PermissionMode = { mode: "readwrite" };
  if ((await handle.queryPermission?.(mode)) === "granted") return true;
  return (await handle.requestPermission?.(mode)) === "granted";
}

/** The JSON files in the folder (not in subfolders), largest first skipped past `maxBytes`. */
export async function folderFiles(folder: HandOffFolder, maxBytes = 50_000_000): Promise<File[]> {
  const files: File[] = [];
  const values = (folder as WithPermissions).values?.();
  if (!values) return files;
  for await (const entry of values) {
    if (entry.kind !== "file" || !entry.name.endsWith(".json")) continue;
    const file = await (entry as FileSystemFileHandle).getFile();
    if (file.size <= maxBytes) files.push(file);
  }
  return files;
}

/** Writes one file into the folder, replacing a file of that name. */
export async function writeFolderFile(folder: HandOffFolder, name: string, text: string): Promise<void> {
  const handle = await folder.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(text);
  await writable.close();
}

/** The folder a holder chose before, or null. */
export async function rememberedFolder(db: HolderDatabase, role: HolderRole): Promise<HandOffFolder | null> {
  return (await db.folders.get(role))?.handle ?? null;
}

/** Keeps the chosen folder for next time. */
export async function rememberFolder(db: HolderDatabase, role: HolderRole, handle: HandOffFolder): Promise<void> {
  await db.folders.put({ role, handle });
}

/**
 * One click's exchange with the folder: writes every file due that is not there yet, then reads
 * every JSON file in it. Returns what was written and what was read; the caller imports the
 * files (passing over those it saw before) and marks the written ones handed out.
 */
export async function exchangeWithFolder(
  folder: HandOffFolder,
  due: readonly { fileName: string; text: string }[],
): Promise<{ written: string[]; files: { name: string; text: string }[] } | null> {
  if (!(await folderAccess(folder))) return null;
  const written: string[] = [];
  for (const file of due) {
    await writeFolderFile(folder, file.fileName, file.text);
    written.push(file.fileName);
  }
  const files = await Promise.all(
    (await folderFiles(folder)).map(async (file) => ({ name: file.name, text: await file.text() })),
  );
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { written, files };
}
