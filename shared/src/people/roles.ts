import { z } from 'zod';

/** What a person (or an API key) may do, each role including the ones before it. */
export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** True when `role` is `minimal` or above it: an admin may do what a publisher may, and so on. */
export const roleAllows = (role: Role, minimal: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(minimal);
