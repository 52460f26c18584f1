// Coded errors: one place decides how each becomes a reply (STYLE.md §7).

/** A problem the user can fix; its message is safe to show as-is. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Configuration is missing or invalid; the message names the variable or file to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** An input (file, record) that cannot become an article; the batch goes on without it. */
export class RejectedInput extends Error {
  override readonly name = 'RejectedInput';
}
