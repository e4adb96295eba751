import { removeRunFolder } from './temporary-folder';

export default removeRunFolder;
