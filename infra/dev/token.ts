// `npm run -s token -- --role FINANCE`: a dev token the services started by `npm start`
// accept, signed with AUTH_DEV_SIGNING_KEY or else the key npm start keeps in
// .local/dev/dev-signing-key. Options as libs/auth's mint-token CLI.
import { mintTokenFromCli, MintTokenUsageError } from '@streetteam/auth';
import { repoRoot } from '@streetteam/local-infra';
import { devDataDir, readDevSigningKey } from './dev-secrets';

async function main(): Promise<void> {
  const env = { ...process.env };
  if (!env.AUTH_DEV_SIGNING_KEY) {
    const devDir = devDataDir(repoRoot(), env);
    env.AUTH_DEV_SIGNING_KEY = readDevSigningKey(devDir);
    if (!env.AUTH_DEV_SIGNING_KEY) {
      throw new MintTokenUsageError(`no dev signing key yet: run npm start once (it makes ${devDir}/dev-signing-key) or set AUTH_DEV_SIGNING_KEY`);
    }
  }
  process.stdout.write(`${await mintTokenFromCli(process.argv.slice(2), env)}\n`);
}

main().catch((error: unknown) => {
  const usage = error instanceof MintTokenUsageError;
  process.stderr.write(`token: ${usage ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
