import { useAppStore } from '../../app/services';
import { AdminConsole } from './AdminConsole';
import { AdminSignIn } from './AdminSignIn';

/** The Admin tab: the admin's sign-in until signed in, then the console. */
export function Admin() {
  const signedIn = useAppStore((s) => s.admin.session !== undefined);
  return signedIn ? <AdminConsole /> : <AdminSignIn />;
}
