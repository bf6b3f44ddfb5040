// Dev helper: screenshots of the main screens (SEGMENTS_E2E_URL, SEGMENTS_ADMIN_TOKEN).
import { launch, newPage } from './lib.mjs';
const out = process.argv[2] ?? 'e2e/artifacts';
const browser = await launch();
const page = await newPage(browser);
await page.screenshot({ path: `${out}/list.png`, fullPage: true });
await page.getByRole('button', { name: /New segment|Create your first/ }).first().click();
await page.getByLabel('Name').fill('German leads');
await page.getByRole('button', { name: 'Add condition' }).click();
await page.getByRole('menuitem', { name: 'Attribute', exact: true }).click();
await page.getByRole('button', { name: 'Add condition' }).click();
await page.getByRole('menuitem', { name: 'Page view' }).click();
await page.getByRole('button', { name: 'Add condition' }).click();
await page.getByRole('menuitem', { name: 'Consent' }).click();
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/dialog.png`, fullPage: true });
await browser.close();
