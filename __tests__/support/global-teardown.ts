import { removeRunFolder } from './temporary-folder';

export default function globalTeardown(): void {
  removeRunFolder();
}
