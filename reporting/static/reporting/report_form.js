// The report request form: show only the target that matches the chosen scope
// (enterprise, region or sector); the network needs none. Works without JS too.
document.addEventListener("DOMContentLoaded", function () {
  var scope = document.getElementById("id_scope");
  if (!scope) {
    return;
  }
  var targets = { enterprise: "id_enterprise", region: "id_region", sector: "id_sector" };
  function update() {
    Object.keys(targets).forEach(function (name) {
      var field = document.getElementById(targets[name]);
      if (field) {
        field.closest(".field").hidden = scope.value !== name;
      }
    });
  }
  scope.addEventListener("change", update);
  update();
});
