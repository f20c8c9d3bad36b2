/** Phone numbers are never shown in full: 138****5678. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** ID numbers show the first and last digit only: 6**************X. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 3) return '*'.repeat(id.length);
  return `${id[0]}${'*'.repeat(id.length - 2)}${id[id.length - 1]}`;
}
