// Webview entry (browser). Replaced by the Loss Lab panel UI.
export {};
