/**
 * `mailto:` links (RFC 6068). Spaces become %20 (never "+", which mail clients show as a
 * plus sign), and every line break becomes %0D%0A as the RFC requires.
 */
function encodeComponent(text: string): string {
  return encodeURIComponent(text.replace(/\r\n|\r|\n/g, '\r\n'));
}

function encodeAddress(address: string): string {
  // "@" is allowed as-is in the address part; keeping it makes links readable.
  return encodeURIComponent(address.trim()).replace(/%40/g, '@');
}

/** `mailtoUrl('stan@acme.com', 'Thank you', 'Hi Stan,\nThanks!')` → `mailto:stan@acme.com?subject=Thank%20you&body=Hi%20Stan%2C%0D%0AThanks!` */
export function mailtoUrl(to: string | readonly string[] | null, subject: string, body: string): string {
  const addresses = (typeof to === 'string' ? [to] : to ?? []).map((a) => a.trim()).filter((a) => a !== '');
  const params: string[] = [];
  if (subject !== '') params.push(`subject=${encodeComponent(subject)}`);
  if (body !== '') params.push(`body=${encodeComponent(body)}`);
  return `mailto:${addresses.map(encodeAddress).join(',')}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}
