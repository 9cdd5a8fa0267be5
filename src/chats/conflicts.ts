/** Thrown inside a command when data it relied on changed meanwhile: the engine runs it again. */
export class RetryableConflict extends Error {}

/** The chat's stored version moved on since the snapshot the command decided on. */
export class VersionConflict extends RetryableConflict {}
