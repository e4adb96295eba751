import { createRunFolder } from './temporary-folder';

export default function globalSetup(): void {
  createRunFolder();
}
