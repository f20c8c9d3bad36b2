/** A client-made id for one form submission; a retry sends the same id so the write happens once. */
export function newRequestId(): string {
  const time = Date.now().toString(36);
  let random = '';
  while (random.length < 16) random += Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `r${time}${random}`;
}
