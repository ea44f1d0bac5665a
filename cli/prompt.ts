/* Asking the person at the terminal: a line of text, a password (not echoed), a yes/no. Without a
 * terminal a password comes from stdin (--password-stdin) or LIFEBOAT_PASSWORD, never from argv (it
 * would show in `ps` and shell history). */
import readline from "node:readline";
import { usageError } from "./errors";

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw usageError(`${question.replace(/:\s*$/, "")} is needed and there is no terminal to ask.`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await new Promise<string>((resolve) => rl.question(question, resolve))).trim();
  } finally {
    rl.close();
  }
}

/** Reads a password from the terminal without echoing it. */
export async function askSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw usageError("A password is needed: use --password-stdin or LIFEBOAT_PASSWORD without a terminal.");
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = "";
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === "\r" || ch === "\n" || ch === "\u0004") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            resolve(value);
            return;
          }
          if (ch === "\u0003") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            reject(usageError("Cancelled."));
            return;
          }
          if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/** The password for login / kit: --password-stdin, then LIFEBOAT_PASSWORD, then the terminal. */
export async function password(fromStdin: boolean, question = "Password: "): Promise<string> {
  const p = fromStdin ? await readStdin() : process.env.LIFEBOAT_PASSWORD || (await askSecret(question));
  if (!p) throw usageError("The password is empty.");
  return p;
}

export async function confirm(question: string): Promise<boolean> {
  return /^y(es)?$/i.test(await ask(`${question} [y/N] `));
}
