// The llmlint extension: starts `llmlint server` for Python and Rust files and restarts it
// when its settings change. Everything else (diagnostics, quick fixes, "Suppress LLMxxx on
// this line", source.fixAll.llmlint, hover) comes from the server.
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function serverOptions(config: vscode.WorkspaceConfiguration): ServerOptions {
  const command = config.get<string>('path', 'llmlint').trim() || 'llmlint';
  const args = ['server', ...config.get<string[]>('args', [])];
  return {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args: [...args, '--log-level', 'debug'], transport: TransportKind.stdio },
  };
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration('llmlint');
  if (!config.get<boolean>('enable', true)) {
    return;
  }
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'file', language: 'rust' },
    ],
  };
  client = new LanguageClient('llmlint', 'llmlint', serverOptions(config), clientOptions);
  try {
    await client.start();
  } catch (e) {
    const path = config.get<string>('path', 'llmlint');
    void vscode.window.showErrorMessage(
      `llmlint: cannot start \`${path} server\` (${e}). Set llmlint.path to the binary.`,
    );
    client = undefined;
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (
        e.affectsConfiguration('llmlint.enable') ||
        e.affectsConfiguration('llmlint.path') ||
        e.affectsConfiguration('llmlint.args')
      ) {
        await stop();
        await start();
      }
    }),
    vscode.commands.registerCommand('llmlint.restart', async () => {
      await stop();
      await start();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
