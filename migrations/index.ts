/**
 * Every migration, oldest first. A migration that has landed is never edited: add a new one.
 */
export const allMigrations: Function[] = [];
