/**
 * Folds Vietnamese text for search: lower case, diacritics removed and `đ` written as `d`, so
 * "Nghị định" and "NGHI DINH" fold to the same "nghi dinh". Whitespace runs become one space.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
