// Picking a catalogue course fills the activity's empty fields (the server does the same
// without JavaScript, so this is only a convenience).
(function () {
  "use strict";
  function init() {
    var picker = document.querySelector("[data-course-picker]");
    var data = document.getElementById("course-data");
    if (!picker || !data) return;
    var courses = {};
    JSON.parse(data.textContent).forEach(function (c) { courses[String(c.id)] = c; });
    function fill(name, value) {
      var field = document.getElementById("id_" + name);
      if (field && !field.value) field.value = value;
    }
    picker.addEventListener("change", function () {
      var course = courses[picker.value];
      if (!course) return;
      fill("description", course.name);
      fill("institute", course.institute);
      fill("course_number", course.number);
      fill("cost", course.cost);
      var kind = document.getElementById("id_kind");
      if (kind && !kind.value) kind.value = "course";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
