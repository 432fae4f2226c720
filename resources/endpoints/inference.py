"""Reference SageMaker inference handler for VisPrompt Studio's endpoint contract (see README.md).

Serves SAM (masks and embedding mode) or Grounded-SAM, chosen by the MODEL_KIND environment variable.
A starting point, not a product: it cannot run on the studio's machine (no GPU, no PyTorch, no weights) and is
not exercised by its tests; the contract it implements is, through the local emulator.
"""
import base64
import io
import json
import os

import numpy as np
import torch
from PIL import Image
from pycocotools import mask as mask_utils

KIND = os.environ.get("MODEL_KIND", "sam")
SAM_MODES = ("masks", "embedding")
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


try:  # the SageMaker inference toolkit answers this error with its status code
    from sagemaker_inference.errors import GenericInferenceToolkitError
except ImportError:  # pragma: no cover - outside the toolkit
    GenericInferenceToolkitError = None


def ClientError(message):
    """HTTP 400 from the container: SageMaker answers ModelError with OriginalStatusCode 400."""
    return GenericInferenceToolkitError(400, message) if GenericInferenceToolkitError else ValueError(message)


def model_fn(model_dir):
    from segment_anything import SamPredictor, sam_model_registry

    sam = sam_model_registry["vit_h"](checkpoint=os.path.join(model_dir, "sam_vit_h_4b8939.pth")).to(DEVICE)
    models = {"name": os.environ.get("MODEL_NAME", "sam-vit-h"), "predictor": SamPredictor(sam)}
    if KIND == "grounded-sam":
        from groundingdino.util.inference import load_model

        models["dino"] = load_model(
            os.path.join(model_dir, "GroundingDINO_SwinB_cfg.py"),
            os.path.join(model_dir, "groundingdino_swinb_cogcoor.pth"),
        )
    return models


def input_fn(body, content_type):
    if not content_type.startswith("application/json"):
        raise ClientError(f"Unsupported content type {content_type}: send application/json")
    request = json.loads(body)
    mode = request.get("mode", "masks")
    if KIND == "sam" and mode not in SAM_MODES:
        # The wire contract's answer to a mode this endpoint does not offer (e.g. "propagate"): the studio then
        # does the work another way; any other error stays an error.
        raise ClientError(f'unsupported mode "{mode}": this endpoint offers {", ".join(SAM_MODES)}')
    try:
        image = Image.open(io.BytesIO(base64.b64decode(request["image"]))).convert("RGB")
    except Exception as err:  # noqa: BLE001 - any decoding failure is the client's
        raise ClientError(f"The image is not a readable JPEG or PNG: {err}") from err
    request["pixels"] = np.asarray(image)
    return request


def _rle(mask):
    rle = mask_utils.encode(np.asfortranarray(mask.astype(np.uint8)))
    return {"size": list(rle["size"]), "counts": rle["counts"].decode("ascii")}


def _box(mask):
    ys, xs = np.nonzero(mask)
    return [0, 0, 0, 0] if len(xs) == 0 else [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]


def _sam(models, request):
    predictor = models["predictor"]
    if request.get("mode", "masks") == "embedding":
        return _embedding(models, request)
    predictor.set_image(request["pixels"])
    answers = []
    for prompt in request["prompts"]:
        points = np.array(prompt["points"], dtype=np.float32) if prompt.get("points") else None
        labels = np.array(prompt["labels"], dtype=np.int32) if prompt.get("points") else None
        box = np.array(prompt["box"], dtype=np.float32) if prompt.get("box") else None
        if points is None and box is None:
            raise ClientError("a prompt needs points or a box")
        # A previous mask (RLE) could be turned into mask_input logits; SAM's own notebooks feed back the
        # low-res logits instead, which a stateless endpoint does not keep: refinement relies on the points.
        masks, scores, _ = predictor.predict(
            point_coords=points, point_labels=labels, box=box, multimask_output=bool(request["multimask"])
        )
        order = np.argsort(-scores)
        answers.append([{"rle": _rle(masks[i]), "score": float(scores[i]), "box": _box(masks[i])} for i in order])
    return {"model": models["name"], "masks": answers}


def _embedding(models, request):
    """Embedding mode: the image encoder's output only, little-endian, float16 unless float32 is asked.

    The same answer serves a real-time endpoint (a click's first call) and an async one (the precompute job, one
    image per request from S3). On an async endpoint the instance runs request after request: inference mode
    keeps no autograd state, and the predictor lets go of the image's features before the next request.
    """
    dtype_name = request.get("dtype", "float16")
    if dtype_name not in ("float16", "float32"):
        raise ClientError(f"dtype must be float16 or float32, not {dtype_name}")
    predictor = models["predictor"]
    with torch.inference_mode():
        predictor.set_image(request["pixels"])
        features = predictor.get_image_embedding()
        embedding = features.to(torch.float16 if dtype_name == "float16" else torch.float32).cpu().numpy()
    input_size = list(predictor.input_size)
    predictor.reset_image()
    return {
        "model": models["name"],
        "embedding": base64.b64encode(embedding.astype(embedding.dtype.newbyteorder("<")).tobytes()).decode("ascii"),
        "dtype": dtype_name,
        "shape": list(embedding.shape),
        "input_size": input_size,
    }


def _grounded(models, request):
    from groundingdino.util.inference import predict
    import groundingdino.datasets.transforms as T

    pixels = request["pixels"]
    h, w = pixels.shape[:2]
    transform = T.Compose([T.RandomResize([800], max_size=1333), T.ToTensor(),
                           T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    tensor, _ = transform(Image.fromarray(pixels), None)
    boxes, logits, phrases = predict(
        models["dino"], tensor, request["text"],
        box_threshold=request.get("box_threshold", 0.35), text_threshold=request.get("text_threshold", 0.25),
    )
    # cx, cy, w, h normalised -> x1, y1, x2, y2 pixels
    xyxy = (boxes * torch.tensor([w, h, w, h])).numpy()
    xyxy[:, :2] -= xyxy[:, 2:] / 2
    xyxy[:, 2:] += xyxy[:, :2]
    detections = []
    if request.get("with_masks", True) and len(xyxy):
        models["predictor"].set_image(pixels)
    for box, score, phrase in zip(xyxy, logits.numpy(), phrases):
        d = {"label": phrase, "score": float(score), "box": [float(v) for v in box]}
        if request.get("with_masks", True):
            masks, _, _ = models["predictor"].predict(box=box, multimask_output=False)
            d["rle"] = _rle(masks[0])
        detections.append(d)
    return {"model": models["name"] + "+groundingdino", "detections": detections}


def predict_fn(request, models):
    return _grounded(models, request) if KIND == "grounded-sam" else _sam(models, request)


def output_fn(prediction, accept):
    return json.dumps(prediction), "application/json"
