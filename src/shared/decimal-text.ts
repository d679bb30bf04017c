/**
 * The decimal-number rule for the webview (its number controls), which may import only src/shared:
 * the one scanner the engine and the data layer use too, re-exported from src/text/.
 */
export { isDecimalText } from '../text/decimal-text';
