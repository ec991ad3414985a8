/* The visit form: opened over the walk list with its own history entry, so the phone's Back button
   closes it; what is typed is kept as a draft (localStorage, one per volunteer) until the visit is
   saved or cancelled, and comes back when the household is opened again or the page reloads. */
(function () {
  "use strict";

  const app = window.FieldApp;
  const { config, state, byId } = app;
  const text = config.strings;
  const form = byId("visit-form");
  const DRAFT_KEY = `cds-field-draft:${config.userId}`;

  // ----- the draft -----

  const drafts = {
    read() {
      try {
        return JSON.parse(window.localStorage.getItem(DRAFT_KEY) || "null");
      } catch (error) {
        return null;
      }
    },
    clear() {
      window.localStorage.removeItem(DRAFT_KEY);
    },
    householdId() {
      const draft = drafts.read();
      return draft ? draft.household : null;
    },
  };

  function checkedValues(name) {
    return Array.from(form.querySelectorAll(`input[name=${name}]:checked`), (input) => input.value);
  }

  function keepDraft() {
    if (!state.current) return;
    const draft = {
      household: state.current.id,
      outcome: form.outcome.value,
      skills: checkedValues("skills"),
      services: checkedValues("services"),
      people_helped: form.people_helped.value,
      next_visit_on: form.next_visit_on.value,
      notes: form.notes.value,
      with_location: form.with_location.checked,
    };
    window.localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  }

  function restoreDraft(draft) {
    form.querySelectorAll("input[name=outcome]").forEach((input) => { input.checked = input.value === draft.outcome; });
    form.querySelectorAll("input[name=skills]").forEach((input) => { input.checked = draft.skills.includes(input.value); });
    form.querySelectorAll("input[name=services]").forEach((input) => { input.checked = draft.services.includes(input.value); });
    form.people_helped.value = draft.people_helped;
    form.next_visit_on.value = draft.next_visit_on;
    form.notes.value = draft.notes;
    form.with_location.checked = draft.with_location;
  }

  // ----- showing and closing -----

  function setOutcomeError(message) {
    const box = byId("outcome-error");
    box.textContent = message || "";
    box.hidden = !message;
    box.classList.toggle("d-block", Boolean(message)); // .invalid-feedback shows only with d-block
  }

  function showMetFields() {
    const met = form.outcome.value === "met";
    byId("met-fields").hidden = !met;
    return met;
  }

  function showPanel(formShown) {
    byId("visit-form-panel").hidden = !formShown;
    byId("walk-list-panel").hidden = formShown;
    window.scrollTo(0, 0);
  }

  function openForm(household, { fromHistory = false } = {}) {
    state.current = household;
    form.reset();
    setOutcomeError(null);
    const draft = drafts.read();
    const restored = Boolean(draft && draft.household === household.id);
    if (restored) restoreDraft(draft);
    byId("draft-restored").hidden = !restored;
    showMetFields();
    byId("visit-household-title").textContent = household.address;
    byId("visit-household-detail").textContent = [household.hamlet, household.head_name].filter(Boolean).join(" · ");
    showPanel(true);
    if (!fromHistory) window.history.pushState({ visitForm: household.id }, "");
  }

  // Saved or cancelled: the draft goes, and the form's history entry with it.
  function finishForm() {
    drafts.clear();
    state.current = null;
    showPanel(false);
    if (window.history.state && window.history.state.visitForm) window.history.back();
  }

  // The Back button: the form closes and what was typed stays as a draft.
  window.addEventListener("popstate", async () => {
    if (!state.current) return;
    keepDraft();
    state.current = null;
    showPanel(false);
    await app.loadLocal();
    app.render.setMessage(text.draftKept, "muted");
  });

  form.addEventListener("input", keepDraft);
  form.addEventListener("change", (event) => {
    if (event.target.name === "outcome") {
      setOutcomeError(null);
      if (showMetFields() && form.people_helped.value === "0") form.people_helped.value = "1";
    }
    keepDraft();
  });

  byId("cancel-visit").addEventListener("click", async () => {
    finishForm();
    await app.loadLocal();
  });

  // Optional, asked for per visit: a volunteer's position is personal data too.
  function currentPosition() {
    if (!navigator.geolocation) return Promise.resolve(null);
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (position) => resolve(position.coords),
        () => resolve(null),
        { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 },
      );
    });
  }

  let saving = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving || !state.current) return; // a double tap must not log the visit twice
    const outcome = form.outcome.value;
    if (!outcome) {
      setOutcomeError(text.chooseOutcome);
      return;
    }
    const met = outcome === "met";
    const payload = {
      uuid: app.newUuid(),
      household: state.current.id,
      visited_at: new Date().toISOString(),
      outcome,
      skills: met ? checkedValues("skills") : [],
      services: met ? checkedValues("services") : [],
      people_helped: Math.max(0, parseInt(form.people_helped.value, 10) || 0),
      notes: form.notes.value.trim(),
      next_visit_on: form.next_visit_on.value || null,
    };
    saving = true;
    let locationMissing = false;
    try {
      if (form.with_location.checked) {
        const coords = await currentPosition();
        if (coords) {
          payload.latitude = Number(coords.latitude.toFixed(6));
          payload.longitude = Number(coords.longitude.toFixed(6));
        } else {
          locationMissing = true;
        }
      }
      await app.queueVisit(config.userId, payload, [state.current.address, state.current.hamlet].filter(Boolean).join(", "));
    } finally {
      saving = false;
    }
    finishForm();
    await app.loadLocal();
    app.render.setMessage(locationMissing ? text.noLocation : text.savedOffline, locationMissing ? "warning" : "success");
    if (navigator.onLine) app.syncNow();
  });

  app.drafts = drafts;
  app.openForm = openForm;
})();
