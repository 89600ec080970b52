/** A protected-sharing input or setting that cannot be used, with a message a person can act on. */
export class SharingError extends Error {
  override name = "SharingError";
}
