import { createRunFolder } from './temporary-folder';

export default createRunFolder;
