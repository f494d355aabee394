// A real headless Chromium (Debian's `chromium`, installed by scripts/test-services' ensureTestTools) driven by
// playwright-core, for the console's end-to-end tests: one browser per test file, a fresh profile folder (playwright
// makes one per launch and removes it; it refuses a --user-data-dir of ours), no network but loopback (no
// background services, no updates, no QUIC). Screenshots go to a temporary folder, or to docs/images/console/ with
// `npm run docs:screenshots` (KUIPER_SCREENSHOT_DIR), so that a test run leaves the checkout as it was.

import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { findBinary } from '../../scripts/test-services/debian-packages.js'

export const SCREENSHOTS = process.env['KUIPER_SCREENSHOT_DIR'] ?? join(tmpdir(), 'kuiper-console-screenshots')
/** The bound of every wait on the page (an element, a text): the console polls every second at most. */
export const UI_TIMEOUT_MS = 15_000

export interface ConsoleBrowser {
  readonly browser: Browser
  /** A new tablet-sized page (1024×768) in a fresh context, in `locale`. */
  page(locale?: string): Promise<Page>
  close(): Promise<void>
}

export async function launchBrowser(): Promise<ConsoleBrowser> {
  const executablePath = findBinary('chromium')
  if (executablePath === undefined)
    throw new Error('chromium is missing: apt-get install chromium (npm test installs it)')
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
  const contexts: BrowserContext[] = []
  return {
    browser,
    async page(locale = 'en-US') {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale })
      context.setDefaultTimeout(UI_TIMEOUT_MS)
      contexts.push(context)
      return context.newPage()
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined)
      await browser.close()
    },
  }
}

/** Writes a screenshot of the page to SCREENSHOTS/<name>.png (docs/console.md shows those of docs/images/console). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false })
}
