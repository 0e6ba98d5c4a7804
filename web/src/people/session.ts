import { createContext, useContext } from 'react';
import { roleAllows, type Role, type User } from '@parcours/shared';

/** The signed-in user, for the pages that show or hide what their role allows. */
export const SignedInUser = createContext<User | null>(null);

/** Whether the signed-in user's role reaches `minimal` (the server refuses the rest anyway: this only spares a 403). */
export function useCan(): (minimal: Role) => boolean {
  const user = useContext(SignedInUser);
  return (minimal) => user !== null && roleAllows(user.role, minimal);
}

export const useSignedInUser = () => useContext(SignedInUser);
