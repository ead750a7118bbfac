/* Sinergi field drafts: a form with data-draft-key keeps what was typed (and photos, downsized) in this phone's
   storage, restores it after a reload or a lost connection, and sends it with fetch so that a failed send keeps
   the draft instead of losing it. Without JavaScript the form posts normally. */
(function () {
  "use strict";
  var MAX_SIDE = 1280, QUALITY = 0.8;

  function load(key) { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; } }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  function fieldsOf(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else { data[el.name] = el.value; }
    });
    return data;
  }

  function restore(form, data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = value.indexOf(el.value) !== -1; }
      else { el.value = value; }
    });
  }

  function downsize(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onerror = reject;
      reader.onload = function () {
        var img = new Image();
        img.onerror = reject;
        img.onload = function () {
          var scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(img.width * scale); canvas.height = Math.round(img.height * scale);
          canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
          resolve(canvas.toDataURL("image/jpeg", QUALITY));
        };
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }

  function dataUrlToBlob(url) {
    var parts = url.split(","), bytes = atob(parts[1]), array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
    return new Blob([array], { type: "image/jpeg" });
  }

  function setup(form) {
    var key = form.getAttribute("data-draft-key");
    var status = form.querySelector("[data-draft-status]");
    var preview = form.querySelector("[data-draft-photos]");
    var fileInput = form.querySelector("input[type=file]");
    var max = parseInt(fileInput ? fileInput.getAttribute("data-max") || "3" : "0", 10);
    var draft = load(key) || { fields: {}, photos: [] };

    function say(text, kind) { if (status) { status.textContent = text; status.className = "draft-status " + (kind || ""); } }
    function showPhotos() {
      if (!preview) return;
      preview.innerHTML = "";
      draft.photos.forEach(function (url, index) {
        var img = document.createElement("img");
        img.src = url; img.alt = (form.getAttribute("data-photo-label") || "Foto") + " " + (index + 1);
        img.className = "draft-photo";
        preview.appendChild(img);
      });
    }
    function persist() {
      draft.fields = fieldsOf(form);
      if (!save(key, draft)) say(form.getAttribute("data-msg-full") || "", "warn");
    }

    if (draft.fields && Object.keys(draft.fields).length) {
      restore(form, draft.fields);
      say(form.getAttribute("data-msg-restored") || "", "ok");
    }
    showPhotos();
    form.addEventListener("input", persist);
    form.addEventListener("change", persist);
    persist();  // keeps the server's client_token with the draft from the first moment

    if (fileInput) {
      fileInput.addEventListener("change", function () {
        var files = Array.prototype.slice.call(fileInput.files, 0, Math.max(0, max - draft.photos.length));
        Promise.all(files.map(downsize)).then(function (urls) {
          draft.photos = draft.photos.concat(urls).slice(0, max);
          fileInput.value = "";
          persist(); showPhotos();
        });
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      persist();
      var body = new FormData(form);
      if (fileInput) body.delete(fileInput.name);
      draft.photos.forEach(function (url, index) {
        body.append(fileInput ? fileInput.name : "photos", dataUrlToBlob(url), "foto-" + (index + 1) + ".jpg");
      });
      say(form.getAttribute("data-msg-sending") || "", "");
      fetch(form.action || window.location.href, { method: "POST", body: body, credentials: "same-origin",
                                                   headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (response.redirected || (response.ok && response.url !== window.location.href)) {
            localStorage.removeItem(key);
            window.location.assign(response.url);
            return null;
          }
          return response.text().then(function (html) {
            // The server refused the form (a mistake to correct): show its answer; the draft stays.
            document.open(); document.write(html); document.close();
          });
        })
        .catch(function () { say(form.getAttribute("data-msg-offline") || "", "warn"); });
    });
  }

  function init() { Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
