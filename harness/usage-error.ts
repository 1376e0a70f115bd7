/**
 * Something the user asked for cannot be done as asked (an unknown scenario, a baseline that does not parse, a
 * client that cannot be installed): the CLI prints the message, without a stack, and exits 2. Every such error
 * of every room extends this one class, so the CLI maps them in one place.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
