/* The phone's own copy of the walk list and of the visits not yet sent, kept in IndexedDB.
   Stores: households (keyPath id), outbox (keyPath uuid), meta (plain keys). */
(function () {
  "use strict";

  const DB_NAME = "cds-field";
  const DB_VERSION = 1;
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains("households")) db.createObjectStore("households", { keyPath: "id" });
          if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "uuid" });
          if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return opening;
  }

  // Runs work(store) in one transaction; resolves with the last request's result once committed.
  async function run(storeName, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      let result;
      const request = work(transaction.objectStore(storeName));
      if (request) request.onsuccess = () => { result = request.result; };
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  const store = {
    open,
    all: (storeName) => run(storeName, "readonly", (s) => s.getAll()),
    get: (storeName, key) => run(storeName, "readonly", (s) => s.get(key)),
    put: (storeName, value) => run(storeName, "readwrite", (s) => s.put(value)),
    remove: (storeName, key) => run(storeName, "readwrite", (s) => s.delete(key)),
    clear: (storeName) => run(storeName, "readwrite", (s) => s.clear()),
    getMeta: (key) => run("meta", "readonly", (s) => s.get(key)),
    setMeta: (key, value) => run("meta", "readwrite", (s) => s.put(value, key)),
    // The whole list is swapped in one transaction, so a half-written list is never shown.
    replaceAll: (storeName, values) => run(storeName, "readwrite", (s) => {
      s.clear();
      values.forEach((value) => s.put(value));
    }),
  };

  window.FieldApp = window.FieldApp || {};
  window.FieldApp.store = store;
})();
