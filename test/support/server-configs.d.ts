/** Types of server-configs.js. */
export function clickHouseConfig(dir: string, httpPort: number, tcpPort: number): string;
