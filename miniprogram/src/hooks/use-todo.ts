import { authContract } from '@shared/contracts/auth';
import { useAction } from './use-action';

/** The signed-in person's 待办 counts (auth.todo), reloaded each time the home page shows again. */
export function useTodo(signedIn: boolean) {
  return useAction(authContract, 'todo', signedIn ? {} : null, { reloadOnShow: true });
}
