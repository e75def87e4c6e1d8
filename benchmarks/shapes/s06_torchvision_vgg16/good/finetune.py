import torch
import torch.nn.functional as F
import torchvision


def main(train_loader, test_loader):
    model = torchvision.models.vgg16(num_classes=10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for images, labels in train_loader:
        optimizer.zero_grad()
        F.cross_entropy(model(images), labels).backward()
        optimizer.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in test_loader:
            correct += (model(images).argmax(1) == labels).sum().item()
    return correct
