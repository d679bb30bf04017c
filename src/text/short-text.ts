/**
 * User text quoted in a message (a column name, a `--map` item, a parameter value), shortened:
 * the file or the argument may hold a megabyte where a message needs a recognisable start. A
 * message keeps its place (`file:line:column`) at the end, so `shortMessage` cuts the middle.
 */

/** `text`, or its first `max` characters followed by `...` and the full length. */
export function shortText(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

/** A whole message of at most about `max` characters: its start and its end, the middle cut. */
export function shortMessage(message: string, max = 4000): string {
  if (message.length <= max) return message;
  const tail = Math.floor(max / 4);
  return `${message.slice(0, max - tail)} ... (${message.length - max} characters cut) ... ${message.slice(message.length - tail)}`;
}
