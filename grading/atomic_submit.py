"""nbgrader's submit, made all-or-nothing: a submission appears in the exchange whole or not at all.

nbgrader's default ``ExchangeSubmit`` copies straight into ``inbound/<student+assignment+time>``;
if the disk fills up half-way, a half-written submission is left for the instructor to collect
and grade. Here the copy goes to a hidden staging folder in the same directory (invisible to
``collect``, whose patterns skip dot-names), and only a complete copy is renamed into place —
a rename within one filesystem is atomic. On any OSError (a full disk above all) the staging
folder is removed and the student gets a message saying their work is safe and nothing was
submitted. The user servers use it through ``academy/jupyter_config/nbgrader_config.py``.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from stat import (
    S_IRGRP,
    S_IROTH,
    S_IRUSR,
    S_IRWXG,
    S_IRWXO,
    S_IRWXU,
    S_IWUSR,
    S_IXGRP,
    S_IXOTH,
    S_IXUSR,
)

from nbgrader.exchange.default.submit import ExchangeSubmit

FILE_MODE = S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH
DIR_MODE = S_IRUSR | S_IWUSR | S_IXUSR | S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH


class AtomicExchangeSubmit(ExchangeSubmit):
    """``nbgrader submit`` that never leaves a partial submission behind."""

    def _write_copy(self, destination: str, secret: str) -> None:
        """Copy the assignment and its stamp files to ``destination`` (which must not exist)."""
        self.do_copy(self.src_path, destination)
        with open(os.path.join(destination, "timestamp.txt"), "w") as handle:
            handle.write(self.timestamp)
        with open(os.path.join(destination, "submission_secret.txt"), "w") as handle:
            handle.write(secret)

    @staticmethod
    def _is_disk_full(error: OSError) -> bool:
        """ENOSPC/EDQUOT, also when wrapped in the shutil.Error that copytree collects."""
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(error)
        return os.strerror(errno.ENOSPC) in text or os.strerror(errno.EDQUOT) in text

    def _explain(self, error: OSError) -> str:
        if self._is_disk_full(error):
            return ("The submission could not be saved: the course's exchange disk is full. "
                    "Nothing was submitted and your work is still in your folder; tell your "
                    "instructor and submit again once they have freed space.")
        return (f"The submission could not be saved ({error}). Nothing was submitted "
                "and your work is still in your folder; please try again.")

    def copy_files(self) -> None:
        self.init_release()
        secret = secrets.token_hex(64)
        destination = os.path.join(self.inbound_path, self.assignment_filename)
        staging = os.path.join(self.inbound_path, f".partial-{secrets.token_hex(8)}")
        self.check_filename_diff()
        self.log.info("Source: %s", self.src_path)
        self.log.info("Destination: %s", destination)
        try:
            self._write_copy(staging, secret)
            self.set_perms(staging, fileperms=FILE_MODE, dirperms=DIR_MODE)
            # 0777 so the instructor can delete it later (as nbgrader does).
            os.chmod(staging, S_IRWXU | S_IRWXG | S_IRWXO)
            os.rename(staging, destination)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            self.fail(self._explain(error))

        # The student's own cache copy (for feedback matching) is best effort: the submission
        # above already stands.
        cache_name = (self.assignment_filename.rsplit("+", 1)[0] if self.add_random_string
                      else self.assignment_filename)
        cache_destination = os.path.join(self.cache_path, cache_name)
        try:
            os.makedirs(self.cache_path, exist_ok=True)
            self._write_copy(cache_destination, secret)
        except OSError as error:
            shutil.rmtree(cache_destination, ignore_errors=True)
            self.log.warning("Submitted, but the local cache copy failed: %s", error)
        self.log.info("Submitted as: %s %s %s", self.coursedir.course_id,
                      self.coursedir.assignment_id, self.timestamp)
