"""deploy/kubernetes/values.yaml against the Zero to JupyterHub chart's published values schema,
and a student's pod manifest built offline by KubeSpawner from those values."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from kubernetes_asyncio.client import ApiClient
from kubernetes_asyncio.config import kube_config
from kubespawner import KubeSpawner
from traitlets.config import Config

from academy.hub.kubernetes import EXCHANGE_MOUNT, configure_kubernetes
from foundation.config import PlatformConfig

PROJECT_ROOT = Path(__file__).resolve().parents[3]
VALUES = yaml.safe_load((PROJECT_ROOT / "deploy/kubernetes/values.yaml").read_text())
SCHEMA = yaml.safe_load((PROJECT_ROOT / "tests/data/k8s/z2jh-values.schema.yaml").read_text())


def test_values_validate_against_the_chart_schema():
    errors = [f"{list(error.path)}: {error.message}"
              for error in jsonschema.Draft7Validator(SCHEMA).iter_errors(VALUES)]
    assert errors == []


def test_schema_rejects_a_typo():
    """The validation is real: a misspelt key is refused (the schema forbids extras)."""
    broken = {**VALUES, "singleuser": {**VALUES["singleuser"], "memroy": {"limit": "2G"}}}
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(broken))


def test_the_same_image_serves_hub_and_users():
    assert VALUES["hub"]["image"] == VALUES["singleuser"]["image"]


def chart_singleuser_config(values: dict) -> Config:
    """What the chart's jupyterhub_config.py derives from `singleuser` (the subset a pod
    manifest needs): image, cpu/memory guarantee and limit, home PVC and extra volumes."""
    single = values["singleuser"]
    c = Config()
    c.KubeSpawner.image = f"{single['image']['name']}:{single['image']['tag']}"
    c.KubeSpawner.cpu_guarantee = single["cpu"]["guarantee"]
    c.KubeSpawner.cpu_limit = single["cpu"]["limit"]
    c.KubeSpawner.mem_guarantee = single["memory"]["guarantee"]
    c.KubeSpawner.mem_limit = single["memory"]["limit"]
    storage = single["storage"]
    c.KubeSpawner.pvc_name_template = "claim-{username}"
    c.KubeSpawner.storage_capacity = storage["capacity"]
    c.KubeSpawner.volumes = [
        {"name": "home", "persistentVolumeClaim": {"claimName": "{pvc_name}"}},
        *storage["extraVolumes"],
    ]
    c.KubeSpawner.volume_mounts = [
        {"name": "home", "mountPath": storage["homeMountPath"]},
        *storage["extraVolumeMounts"],
    ]
    return c


OFFLINE_KUBECONFIG = """
apiVersion: v1
kind: Config
clusters: [{name: offline, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: offline, user: {token: unused}}]
contexts: [{name: offline, context: {cluster: offline, user: offline}}]
current-context: offline
"""


def test_student_pod_manifest(tmp_path, monkeypatch):
    """KubeSpawner reads a kubeconfig when built; this one points nowhere and is never
    contacted: building the manifest is pure."""
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(OFFLINE_KUBECONFIG)
    # kubernetes_asyncio reads $KUBECONFIG when imported, so point its default at the file.
    monkeypatch.setattr(kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(kubeconfig))
    c = chart_singleuser_config(VALUES)
    platform = PlatformConfig(data_dir=str(tmp_path / "var"), spawner="simple")
    configure_kubernetes(c, platform)
    groups = [SimpleNamespace(name="students-orbits"), SimpleNamespace(name="students-cansat")]
    user = SimpleNamespace(name="student1", id=7, url="/user/student1/", groups=groups)

    async def build_manifest():
        # KubeSpawner makes its (never used) API client on the running event loop.
        spawner = KubeSpawner(_mock=True, config=c, user=user)
        spawner.user_options = {"profile": "orbits"}
        await spawner.load_user_options()
        # The manifest as it would be sent to the Kubernetes API.
        async with ApiClient() as api:
            return api.sanitize_for_serialization(await spawner.get_pod_manifest())

    # A thread of its own: the session's Playwright browser keeps an event loop running here.
    with ThreadPoolExecutor(1) as pool:
        pod = pool.submit(asyncio.run, build_manifest()).result()

    container = pod["spec"]["containers"][0]
    assert container["image"] == "ghcr.io/space-academy/academy:0.1.0"
    # KubeSpawner reads "2G" as 2 GiB (its ByteSpecification uses powers of 1024).
    assert container["resources"]["limits"] == {"cpu": 2.0, "memory": 2 * 2**30}
    assert container["resources"]["requests"] == {"cpu": 0.5, "memory": 1 * 2**30}
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert env["ACADEMY_COURSE"] == "orbits"
    assert env["ACADEMY_EXCHANGE_DIR"] == EXCHANGE_MOUNT
    volumes = {volume["name"]: volume for volume in pod["spec"]["volumes"]}
    assert volumes["home"]["persistentVolumeClaim"]["claimName"] == "claim-student1"
    assert volumes["nbgrader-exchange"]["persistentVolumeClaim"]["claimName"] == \
        "academy-exchange"
    mounts = {mount["name"]: mount["mountPath"] for mount in container["volumeMounts"]}
    assert mounts == {"home": "/home/jovyan", "nbgrader-exchange": EXCHANGE_MOUNT}


@pytest.mark.parametrize(("groups", "expected"), [
    (["students-orbits", "tas-cansat"], ["cansat", "orbits"]),
    (["instructors-propulsion"], ["propulsion"]),
    ([], []),
])
def test_profiles_follow_the_users_courses(tmp_path, groups, expected):
    c = Config()
    configure_kubernetes(c, PlatformConfig(data_dir=str(tmp_path / "var"), spawner="simple"))
    spawner = SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g)
                                                           for g in groups]))
    profiles = c.KubeSpawner.profile_list(spawner)
    assert [profile["slug"] for profile in profiles] == expected
    if profiles:
        assert profiles[0]["default"] is True
