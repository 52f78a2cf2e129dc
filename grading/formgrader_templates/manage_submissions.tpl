{%- extends 'nbgrader/manage_submissions.tpl' -%}
{#- The Space Academy's Manage Submissions page: nbgrader's, plus one button that collects and
    autogrades every submission in sandboxes and releases the feedback (the same code as
    `academy grade`). -#}

{%- block messages -%}
<div class="panel panel-default" id="academy-grade-all-panel">
  <div class="panel-body">
    <p>
      Autograding runs each submission in its own sandbox (no network, limits on time, memory
      and processes), several at once. The per-student autograde icons below use the same
      sandbox.
    </p>
    <button type="button" class="btn btn-primary" id="academy-grade-all">
      Collect, autograde all and release feedback
    </button>
    <span id="academy-grade-all-status" role="status" aria-live="polite"></span>
    <pre id="academy-grade-all-log" style="display: none; max-height: 20em; overflow: auto; white-space: pre-wrap;"></pre>
    <p class="text-muted">From a terminal: <code>academy grade "{{ course_dir }}" "{{ assignment_id }}"</code></p>
  </div>
</div>
<script>
$(function () {
  // The table is nbgrader's and loads once, so after grading the page reloads; the outcome
  // is kept for one page load so the instructor still reads it.
  var previous = sessionStorage.getItem("academy-grade-all");
  if (previous) {
    sessionStorage.removeItem("academy-grade-all");
    previous = JSON.parse(previous);
    $("#academy-grade-all-status").text(previous.status);
    $("#academy-grade-all-log").text(previous.log).show();
  }
  $("#academy-grade-all").click(function () {
    var button = $(this);
    button.prop("disabled", true);
    $("#academy-grade-all-status").text(" Grading… this takes a while for a whole class.");
    $.post(base_url + "/formgrader/api/assignment/" + assignment_id + "/autograde")
      .done(function (response) {
        response = JSON.parse(response);
        $("#academy-grade-all-log").text(response.log || response.error || "").show();
        if (response.success) {
          sessionStorage.setItem("academy-grade-all", JSON.stringify({
            status: " Done: " + response.graded + " submissions graded, feedback released.",
            log: response.log || ""}));
          window.location.reload();
        } else {
          $("#academy-grade-all-status").text(" Failed: " + (response.error || "see the log"));
        }
      })
      .fail(function (xhr) {
        $("#academy-grade-all-status").text(" Failed: HTTP " + xhr.status);
      })
      .always(function () { button.prop("disabled", false); });
  });
});
</script>
{%- endblock -%}
