/** The UI ended because its cluster could not be opened: the message is the one line to print. */
export class ConnectFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectFailure';
  }
}
