export interface NoticePackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly files: readonly string[];
}
export function packageDirOf(input: string): string | null;
export function thirdPartyNotices(root: string, inputs: readonly string[]): { text: string; packages: NoticePackage[] };
