// The examples menu: the repository's examples/*.js as text, taken at build
// time (the same files a test in @aither/offline renders), the seed first.
const files = import.meta.glob('../../../../examples/*.js', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const ORDER = ['seed', 'drums', 'bassline', 'pad', 'fm', 'wavetable', 'plucks', 'space', 'feedback', 'session', 'big'];

export interface Example {
  name: string;
  /** The first comment line, else the name. */
  title: string;
  code: string;
}

function titleOf(name: string, code: string): string {
  const comment = /^\/\/\s*(.+)$/m.exec(code.split('\n')[0] ?? '');
  if (!comment) return name === 'seed' ? 'Seed: a filtered, delayed sine' : name;
  return comment[1]!.split(/[:.(]/)[0]!.trim();
}

const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

export const EXAMPLES: readonly Example[] = Object.entries(files)
  .map(([path, code]) => {
    const name = /([^/]+)\.js$/.exec(path)![1]!;
    return { name, title: titleOf(name, code), code };
  })
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
