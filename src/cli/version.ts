/** The g6 version every command reports (`g6 --version`, the runtime's build info). */
export const VERSION = '0.1.0';
