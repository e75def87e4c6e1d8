import torch
import torchvision.models as models


def classify(images, weights="weights.pth"):
    model = models.vgg16()
    model.load_state_dict(torch.load(weights))
    model.eval()
    with torch.no_grad():
        return model(images).softmax(dim=1)
